import QtQuick
import QtQuick.Layouts
import ".."

// A large touch button; ``primary`` for the one main action on a screen.
Rectangle {
    id: button
    property string text
    property bool primary: false
    // What a screen reader says; defaults to the label (set it when the label has a symbol).
    property string accessibleName: text
    // A toggle shows its "on" state as a primary button and reports it as checked.
    property bool checkable: false
    property bool checked: false
    property int pixelSize: Theme.heading
    // A pictogram before the label (Theme.iconFontFamily), e.g. the accessibility bar's.
    property string icon
    // Room between the edge and the label (keypad keys use less).
    property int padding: Theme.spacing
    signal clicked()

    implicitHeight: Theme.buttonHeight
    implicitWidth: Math.max(Theme.touchMin * 2, label.implicitWidth + 2 * padding
                            + (icon.visible ? icon.implicitWidth + row.spacing : 0)
                            + (tick.visible ? tick.implicitWidth + row.spacing : 0))
    radius: Theme.radius
    // Filled like the primary action when it is the main action or a toggle that is on.
    readonly property bool filled: primary || (checkable && checked)
    color: filled ? (area.pressed ? Theme.primaryPressed : Theme.primary)
                   : (area.pressed ? Theme.secondaryPressed : Theme.secondary)
    border.width: filled ? 0 : (Theme.highContrast ? 3 : 2)
    border.color: Theme.border
    opacity: enabled ? 1.0 : 0.5

    Accessible.role: Accessible.Button
    Accessible.name: accessibleName
    Accessible.checkable: checkable
    Accessible.checked: checked
    Accessible.onPressAction: button.clicked()

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: button.padding
        anchors.rightMargin: button.padding
        spacing: icon.visible || tick.visible ? Math.round(Theme.spacing / 3) : 0

        Item { Layout.fillWidth: true }  // centres icon and label together
        Text {
            id: tick
            // "On" is said by a tick as well as by the colour.
            visible: button.checkable && button.checked
            text: "✓"
            color: label.color
            font.family: "DejaVu Sans"
            font.pixelSize: button.pixelSize
            font.weight: Font.Bold
        }
        Text {
            id: icon
            visible: button.icon !== ""
            text: button.icon
            color: label.color
            font.family: Theme.iconFontFamily
            font.pixelSize: Math.round(button.pixelSize * 1.15)
            Accessible.ignored: true  // the button's name says it in words
        }
        Text {
            id: label
            Layout.maximumWidth: row.width - (icon.visible ? icon.implicitWidth + row.spacing : 0)
                                 - (tick.visible ? tick.implicitWidth + row.spacing : 0)
            text: button.text
            color: button.filled ? Theme.textOnPrimary : Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: button.pixelSize
            font.weight: Font.DemiBold
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            // A long translation shrinks a little before it is cut short.
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Math.round(button.pixelSize * 0.75)
            elide: Text.ElideRight
        }
        Item { Layout.fillWidth: true }
    }

    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: button.clicked()
    }
}
