import QtQuick
import QtQuick.Layouts
import "."

// The signed-in desk: today's appointments on the left, the open case on the right, the
// status line below. Shortcuts: F2 case field, F4 conflicts, F5 refresh, F6 devices
// (supervisors), Ctrl+P receipt, Ctrl+Q sign out.
FocusScope {
    id: desk
    required property QtObject sessionVm
    required property QtObject todayVm
    required property QtObject caseVm
    required property QtObject statusVm
    required property QtObject conflictsVm
    required property QtObject fleetVm
    required property QtObject languageVm
    property string officeName
    property bool conflictsOpen: false
    property bool fleetOpen: false

    Component.onCompleted: casePanel.focusCaseField()

    Shortcut {
        sequence: "F2"
        onActivated: { desk.conflictsOpen = false; desk.closeFleet(); casePanel.focusCaseField() }
    }
    Shortcut { sequence: "F4"; onActivated: desk.toggleConflicts() }
    Shortcut {
        sequence: "F5"
        onActivated: desk.fleetOpen ? desk.fleetVm.refresh() : desk.todayVm.refresh()
    }
    Shortcut { sequence: "F6"; enabled: desk.sessionVm.mayViewFleet; onActivated: desk.toggleFleet() }
    Shortcut { sequence: "Ctrl+P"; enabled: desk.caseVm.loaded; onActivated: desk.caseVm.printReceipt() }
    Shortcut { sequence: "Ctrl+Q"; onActivated: desk.sessionVm.signOut() }
    Shortcut {
        sequence: "Escape"
        enabled: desk.conflictsOpen || desk.fleetOpen
        onActivated: { desk.conflictsOpen = false; desk.closeFleet(); casePanel.focusCaseField() }
    }

    function toggleConflicts() {
        conflictsOpen = !conflictsOpen
        if (conflictsOpen) {
            closeFleet()
            conflictsVm.refresh()
            conflictsPanel.forceActiveFocus()
        }
    }

    function toggleFleet() {
        if (fleetOpen) {
            closeFleet()
            casePanel.focusCaseField()
            return
        }
        conflictsOpen = false
        fleetOpen = true
        fleetVm.start()
        fleetPanel.focusList()
    }

    function closeFleet() {
        if (fleetOpen) {
            fleetOpen = false
            fleetVm.stop()
        }
    }

    Rectangle {
        id: header
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: 64
        color: CounterStyle.primary
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: CounterStyle.margin
            anchors.rightMargin: CounterStyle.margin
            spacing: CounterStyle.spacing
            DeskText {
                text: qsTr("Counter") + " · " + desk.officeName
                color: CounterStyle.textOnPrimary
                font.pixelSize: CounterStyle.title
                font.weight: Font.Bold
                Layout.fillWidth: true
                elide: Text.ElideRight
                wrapMode: Text.NoWrap
            }
            DeskText {
                objectName: "clerk_name"
                text: qsTr("Signed in: {name}").replace("{name}", desk.sessionVm.clerk)
                color: CounterStyle.textOnPrimary
            }
            ActionButton {
                objectName: "fleet_button"
                visible: desk.sessionVm.mayViewFleet
                text: desk.fleetOpen ? qsTr("Back to the desk (F6)") : qsTr("Devices (F6)")
                onClicked: desk.toggleFleet()
            }
            LanguageButton { languageVm: desk.languageVm }
            ActionButton {
                objectName: "sign_out_button"
                text: qsTr("Sign out (Ctrl+Q)")
                onClicked: desk.sessionVm.signOut()
            }
        }
    }

    TodayPanel {
        id: todayPanel
        todayVm: desk.todayVm
        visible: !desk.fleetOpen  // under the devices view: out of the Tab chain too
        anchors.left: parent.left
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
        width: 600
    }

    CasePanel {
        id: casePanel
        caseVm: desk.caseVm
        visible: !desk.fleetOpen
        anchors.left: todayPanel.right
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
    }

    ConflictsPanel {
        id: conflictsPanel
        conflictsVm: desk.conflictsVm
        visible: desk.conflictsOpen
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
        width: 820
        onCloseRequested: { desk.conflictsOpen = false; casePanel.focusCaseField() }
    }

    FleetPanel {
        id: fleetPanel
        fleetVm: desk.fleetVm
        visible: desk.fleetOpen
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: statusBar.top
        onCloseRequested: { desk.closeFleet(); casePanel.focusCaseField() }
    }

    StatusBar {
        id: statusBar
        statusVm: desk.statusVm
        conflictsVm: desk.conflictsVm
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        onConflictsRequested: desk.toggleConflicts()
    }
}
