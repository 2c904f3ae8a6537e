import QtQuick
import QtQuick.Layouts
import ".."

// The staff exit's PIN prompt, laid over every screen by kiosk_app/qt/staff_exit.py (not by
// Main.qml). Only built while open, so its keypad never shadows a screen's keypad.
Item {
    id: root
    required property QtObject vm

    width: parent ? parent.width : 0
    height: parent ? parent.height : 0
    z: 1000
    visible: root.vm.open

    Loader {
        anchors.fill: parent
        active: root.vm.open
        sourceComponent: Rectangle {
            objectName: "staff_exit"
            color: "#E61B1B1B"

            MouseArea { anchors.fill: parent }  // nothing behind the prompt reacts

            Rectangle {
                anchors.centerIn: parent
                width: Math.min(parent.width - 2 * Theme.margin, 800 * Theme.scale)
                height: column.implicitHeight + 2 * Theme.margin
                radius: Theme.radius * 2
                color: Theme.surface
                LayoutMirroring.enabled: false
                LayoutMirroring.childrenInherit: true

                ColumnLayout {
                    id: column
                    anchors.fill: parent
                    anchors.margins: Theme.margin
                    spacing: Theme.spacing

                    BodyText {
                        Layout.fillWidth: true
                        text: qsTr("Staff PIN")
                        font.pixelSize: Theme.title
                        font.weight: Font.Bold
                        horizontalAlignment: Text.AlignHCenter
                    }
                    BodyText {
                        objectName: "staff_pin_display"
                        Layout.fillWidth: true
                        text: root.vm.pinMask
                        font.pixelSize: Theme.keyText
                        horizontalAlignment: Text.AlignHCenter
                    }
                    BodyText {
                        objectName: "staff_message"
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: root.vm.message
                        color: Theme.errorText
                        horizontalAlignment: Text.AlignHCenter
                    }
                    Keypad {
                        Layout.alignment: Qt.AlignHCenter
                        onDigit: (value) => root.vm.typeDigit(value)
                        onErase: root.vm.erase()
                        onClear: root.vm.clear()
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        BigButton {
                            objectName: "staff_cancel"
                            Layout.fillWidth: true
                            text: qsTr("Cancel")
                            onClicked: root.vm.cancel()
                        }
                        BigButton {
                            objectName: "staff_submit"
                            Layout.fillWidth: true
                            primary: true
                            text: qsTr("Exit kiosk")
                            onClicked: root.vm.submit()
                        }
                    }
                }
            }
        }
    }
}
